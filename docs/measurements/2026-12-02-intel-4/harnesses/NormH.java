import io.tmr.core.nn.*;
import org.nd4j.linalg.api.buffer.DataType;
import java.util.*;
public class NormH {
  public static void main(String[] a){
    List<Parameter> ps=new ArrayList<>(); Random r=new Random(1);
    int[] sizes={30522*256, 512*256};
    for(int i=0;i<sizes.length;i++){ Parameter p=Parameter.zeros("e"+i,DataType.FLOAT,new long[]{sizes[i]},false,0); ps.add(p);}
    for(int l=0;l<24;l++){ for(int s: new int[]{768*256,768,256*256,256,1024*256,1024,256*1024,256,256,256}){ Parameter p=Parameter.zeros("p"+ps.size(),DataType.FLOAT,new long[]{s},false,0); ps.add(p);} }
    long n=0; for(Parameter p:ps){ var g=p.gradMatrix(); for(int i=0;i<g.size();i++) g.set(i, r.nextGaussian()*1e-3); n+=g.size(); }
    double v=0;
    for(int rep=0;rep<5;rep++){ double[] t=new double[9]; for(int k=0;k<t.length;k++){ long s=System.nanoTime(); v=Parameters.gradSquaredNorm(ps); t[k]=(System.nanoTime()-s)/1e6;} Arrays.sort(t);
      System.out.printf("%d params, %d elements: %.2f ms (median of 9); value %.17g%n", ps.size(), n, t[4], v); }
  }
}
