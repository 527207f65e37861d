package io.tmr.core.nn;
import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import java.nio.FloatBuffer;
public class PartsHarness {
  public static void main(String[] a){
    int S=128, R=16384;
    Matrix probs=Matrix.allocate(DataType.FLOAT,R,S);
    FloatBuffer f=probs.floats(); java.util.Random r=new java.util.Random(1);
    for(int i=0;i<R*S;i++) f.put(i,(float)r.nextGaussian());
    Dropout d=new Dropout(0.1); d.sample(Context.training(new RandomStream(5)),R*S);
    float[] row=new float[S], scratch=new float[S], keep=new float[64], keepRow=new float[S], out=new float[S];
    float acc=0;
    for(int rep=0;rep<10;rep++){
      long[] t=new long[8];
      for(int rr=0;rr<R;rr++){
        int base=(rr%128)*S; // hot: 128 rows
        long a0=System.nanoTime();
        f.get(base,row,0,S);
        long a1=System.nanoTime();
        float max=FastMath.max(row,S);
        long a2=System.nanoTime();
        FastMath.expShiftedInPlace(row,S,max,scratch);
        long a3=System.nanoTime();
        float inv=1f/FastMath.sum(row,S);
        long a4=System.nanoTime();
        d.keepFlags(rr*S,S,keepRow);
        long a5=System.nanoTime();
        for(int j=0;j<S;j++){float p=row[j]*inv; row[j]=p; out[j]=p*keepRow[j]*1.1f;}
        long a6=System.nanoTime();
        f.put(base+S*128,out,0,S); 
        long a7=System.nanoTime();
        t[0]+=a1-a0;t[1]+=a2-a1;t[2]+=a3-a2;t[3]+=a4-a3;t[4]+=a5-a4;t[5]+=a6-a5;t[6]+=a7-a6;
        acc+=out[3];
      }
      double n=(double)R*S;
      System.out.printf("get %.2f max %.2f exp %.2f sum %.2f keep %.2f scale %.2f put %.2f (ns/el, incl ~nanoTime overhead %.2f)%n",t[0]/n,t[1]/n,t[2]/n,t[3]/n,t[4]/n,t[5]/n,t[6]/n, 25/128.0);
    }
    System.out.println(acc);
  }
}
