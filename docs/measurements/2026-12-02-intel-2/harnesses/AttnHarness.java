import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import java.nio.FloatBuffer;
public class AttnHarness {
  static final int B=32,H=256,NH=4,D=64,S=128;
  public static void main(String[] a){
    Matrix qkv=Matrix.allocate(DataType.FLOAT,B*S,3*H);
    Matrix probs=Matrix.allocate(DataType.FLOAT,B*NH*S,S);
    Matrix flush=Matrix.allocate(DataType.FLOAT,8<<20,1);
    Matrix qs=Matrix.allocate(DataType.FLOAT,S,D), ks=Matrix.allocate(DataType.FLOAT,S,D);
    FloatBuffer f=qkv.floats(); java.util.Random r=new java.util.Random(1);
    for(int i=0;i<B*S*3*H;i++) f.put(i,(float)r.nextGaussian());
    float[] tmp=new float[D];
    for(int rep=0;rep<6;rep++){
      long t0=System.nanoTime();
      for(int it=0;it<200;it++) Blas.gemm(false,true,S,S,D,0.125,qkv,0,3*H,qkv,H,3*H,0.0,probs,0,S);
      long t1=System.nanoTime();
      // sweep after touching qkv+flush (cold-ish)
      FloatBuffer fl=flush.floats(); for(int i=0;i<fl.capacity();i+=16) fl.put(i,i);
      for(int i=0;i<B*S*3*H;i+=16) f.put(i,f.get(i)+0f);
      long t2=System.nanoTime();
      for(int i=0;i<B*NH;i++){int b=i/NH,h=i%NH; long q=(long)b*S*3*H+h*D;
        Blas.gemm(false,true,S,S,D,0.125,qkv,q,3*H,qkv,q+H,3*H,0.0,probs,(long)i*S*S,S);}
      long t3=System.nanoTime();
      for(int i=0;i<fl.capacity();i+=16) fl.put(i,i);
      for(int i=0;i<B*S*3*H;i+=16) f.put(i,f.get(i)+0f);
      long t4=System.nanoTime();
      FloatBuffer qf=qs.floats(), kf=ks.floats();
      for(int i=0;i<B*NH;i++){int b=i/NH,h=i%NH; long q=(long)b*S*3*H+h*D;
        for(int s=0;s<S;s++){ f.get((int)(q+(long)s*3*H),tmp,0,D); qf.put(s*D,tmp,0,D); f.get((int)(q+H+(long)s*3*H),tmp,0,D); kf.put(s*D,tmp,0,D);}
        Blas.gemm(false,true,S,S,D,0.125,qs,0,D,ks,0,D,0.0,probs,(long)i*S*S,S);}
      long t5=System.nanoTime();
      // sweep hot (no flush) 
      for(int i=0;i<B*NH;i++){int b=i/NH,h=i%NH; long q=(long)b*S*3*H+h*D;
        Blas.gemm(false,true,S,S,D,0.125,qkv,q,3*H,qkv,q+H,3*H,0.0,probs,(long)i*S*S,S);}
      long t6=System.nanoTime();
      for(int i=0;i<B*NH;i++){int b=i/NH,h=i%NH; long q=(long)b*S*3*H+h*D;
        Blas.gemm(false,true,S,S,D,0.125,qkv,q,3*H,qkv,q+H,3*H,0.0,probs,0,S);}
      long t7=System.nanoTime();
      for(int i=0;i<B*NH;i++){int b=i/NH,h=i%NH; long q=0;
        Blas.gemm(false,true,S,S,D,0.125,qkv,q,3*H,qkv,q+H,3*H,0.0,probs,(long)i*S*S,S);}
      long t8=System.nanoTime();
      System.out.printf("fixed out %.1f; fixed in %.1f%n",(t7-t6)/(B*NH*1e3),(t8-t7)/(B*NH*1e3));
      System.out.printf("hot one block %.1f us/call; sweep after flush %.1f us/call; packed sweep %.1f us/call; sweep no flush %.1f%n",
        (t1-t0)/200e3,(t3-t2)/(B*NH*1e3),(t5-t4)/(B*NH*1e3),(t6-t5)/(B*NH*1e3));
    }
  }
}
